import { type ReactNode } from 'react';

/** One block of the Устройства screen: a titled section with a short explanation. */
export function DeviceSection(props: { name: string; title: string; intro: string; children: ReactNode }) {
  const titleId = `devices-${props.name}-title`;
  return (
    <section className="device-section" data-testid={`devices-${props.name}`} aria-labelledby={titleId}>
      <h2 id={titleId}>{props.title}</h2>
      <p className="muted device-intro">{props.intro}</p>
      {props.children}
    </section>
  );
}
