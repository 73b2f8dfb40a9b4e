import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type InstanceMetaTable = {
  key: string;
  value: string;
  updated_at: Generated<Date>;
};

export type HubTable = {
  id: Generated<number>;
  name: string;
  tagline_fr: string;
  tagline_en: string;
  territory_epci: string[];
  labelled_on: string | null;
  updated_at: Generated<Date>;
};

export type HubFieldTable = {
  id: Generated<number>;
  slug: string;
  name_fr: string;
  name_en: string;
  description_fr: Generated<string>;
  description_en: Generated<string>;
  position: Generated<number>;
};

export type Role = 'member' | 'staff' | 'reviewer' | 'admin';

export type UserTable = {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  role: Generated<Role>;
  locale: Generated<'fr' | 'en'>;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type SessionTable = {
  id_hash: string;
  user_id: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  user_agent: string | null;
};

export type PasswordTokenTable = {
  token_hash: string;
  user_id: string;
  purpose: 'reset' | 'invite';
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
};

export type DB = {
  instance_meta: InstanceMetaTable;
  hub: HubTable;
  hub_fields: HubFieldTable;
  users: UserTable;
  sessions: SessionTable;
  password_tokens: PasswordTokenTable;
};
