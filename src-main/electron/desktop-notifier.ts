// Alerts as Windows notifications (core/alerts delivers through this port; the web host has none).
import { Notification } from 'electron';
import { type DesktopNotifier } from '../core/alerts/delivery-channels';

export function createDesktopNotifier(): NonNullable<DesktopNotifier> {
  return {
    notify(title, body) {
      // Thrown, the delivery is retried and then shown as failed in the alert centre.
      if (!Notification.isSupported()) return Promise.reject(new Error('уведомления Windows недоступны'));
      new Notification({ title, body }).show();
      return Promise.resolve();
    },
  };
}
