import { afterEach, describe, expect, it } from 'vitest';
import { openTempDb } from '../testing/temp-db';
import { listProductGroups } from './product-groups.repo';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('listProductGroups', () => {
  it('gives live groups with their full path, parents before children, deleted branches left out', () => {
    const temp = openTempDb();
    cleanups.push(temp.cleanup);
    const insert = temp.db.sqlite.prepare('INSERT INTO product_groups (id, name, parent_id, is_deleted) VALUES (?, ?, ?, ?)');
    insert.run(1, 'Молочные продукты', null, 0);
    insert.run(2, 'Сыры', 1, 0);
    insert.run(3, 'Твёрдые', 2, 0);
    insert.run(4, 'Бакалея', null, 0);
    insert.run(5, 'Удалённая', 4, 1);
    insert.run(6, 'Под удалённой', 5, 0);

    expect(listProductGroups(temp.db)).toEqual([
      { id: 4, name: 'Бакалея', parentId: null, path: 'Бакалея' },
      { id: 1, name: 'Молочные продукты', parentId: null, path: 'Молочные продукты' },
      { id: 2, name: 'Сыры', parentId: 1, path: 'Молочные продукты / Сыры' },
      { id: 3, name: 'Твёрдые', parentId: 2, path: 'Молочные продукты / Сыры / Твёрдые' },
    ]);
  });
});
