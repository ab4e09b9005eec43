declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL of the PostgreSQL server the tests use, for its maintenance database. */
    databaseAdminUrl: string;
    /** A database holding every migration, cloned for each test file. */
    templateDatabase: string;
  }
}
export {};
