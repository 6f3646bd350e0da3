import { defineConfig } from 'drizzle-kit';

// One schema for PGlite and PostgreSQL: every table lives in a `*.tables.ts` file next to the
// module or platform port that owns it.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/**/*.tables.ts',
  out: './drizzle',
});
