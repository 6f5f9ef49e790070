import { readFileSync } from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { TEST_DATABASE_URL } from "./support/env.ts";

/**
 * Migrations are hand-written SQL (prisma migrate cannot run here), so this proves the migrated
 * database and prisma/schema.prisma describe the same tables, columns, types, nullability and
 * enums. Edit one without the other and this fails, naming the difference.
 */
interface Column {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  Boolean: "boolean",
  DateTime: "timestamp with time zone",
  Json: "jsonb",
};

function parseSchema(source: string) {
  const enums = new Map<string, string[]>();
  for (const [, name, body] of source.matchAll(/^enum (\w+) \{\n([\s\S]*?)^\}/gm)) {
    enums.set(
      name!,
      body!
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith("//")),
    );
  }
  const modelBlocks = [...source.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)];
  const modelNames = new Set(modelBlocks.map((m) => m[1]!));
  const columns: Column[] = [];
  for (const [, model, body] of modelBlocks) {
    const table = body!.match(/@@map\("([^"]+)"\)/)?.[1] ?? model!;
    for (const line of body!.split("\n").map((l) => l.trim())) {
      const field = line.match(/^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/);
      if (!field || line.startsWith("@@") || line.startsWith("//")) continue;
      const [, name, type, list, optional, attributes] = field;
      if (modelNames.has(type!)) continue; // relation field, no column
      const column = attributes!.match(/@map\("([^"]+)"\)/)?.[1] ?? name!;
      let sqlType = enums.has(type!) ? type! : attributes!.includes("@db.Uuid") ? "uuid" : SCALAR_TYPES[type!];
      if (!sqlType) throw new Error(`Drift test does not know Prisma type ${type}`);
      if (list) sqlType = `${sqlType}[]`;
      // Prisma creates scalar lists as nullable columns.
      columns.push({ table, column, type: sqlType, nullable: Boolean(optional) || Boolean(list) });
    }
  }
  return { enums, columns };
}

async function readDatabase() {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const cols = await client.query<{ table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const enums = await client.query<{ name: string; value: string }>(
      `SELECT t.typname AS name, e.enumlabel AS value FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY t.typname, e.enumsortorder`,
    );
    const enumMap = new Map<string, string[]>();
    for (const row of enums.rows) enumMap.set(row.name, [...(enumMap.get(row.name) ?? []), row.value]);
    const columns: Column[] = cols.rows.map((row) => ({
      table: row.table_name,
      column: row.column_name,
      type:
        row.data_type === "USER-DEFINED"
          ? row.udt_name
          : row.data_type === "ARRAY"
            ? `${row.udt_name === "_text" ? "text" : row.udt_name.slice(1)}[]`
            : row.data_type,
      nullable: row.is_nullable === "YES",
    }));
    return { enums: enumMap, columns };
  } finally {
    await client.end();
  }
}

const key = (c: Column) => `${c.table}.${c.column} ${c.type}${c.nullable ? " NULL" : " NOT NULL"}`;

describe("migrations match schema.prisma", () => {
  it("has every model field as a column of the right type and nullability, and nothing else", async () => {
    const schema = parseSchema(readFileSync(new URL("../prisma/schema.prisma", import.meta.url), "utf8"));
    const database = await readDatabase();
    expect(schema.columns.length).toBeGreaterThan(50);
    expect(database.columns.map(key).sort()).toEqual(schema.columns.map(key).sort());
  });

  it("has every enum with the same values in the same order", async () => {
    const schema = parseSchema(readFileSync(new URL("../prisma/schema.prisma", import.meta.url), "utf8"));
    const database = await readDatabase();
    expect(Object.fromEntries(database.enums)).toEqual(Object.fromEntries(schema.enums));
  });
});
