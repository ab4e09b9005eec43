// Used only by the MikroORM CLI (migration:create); the application builds its options in orm.ts.
import { ormOptions } from './orm.js';

export default ormOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/intake_dev');
