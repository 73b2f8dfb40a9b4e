import { defineErrors } from '../kernel/errors.ts';

/**
 * Why a restore (or a backup) refuses. Each refusal happens before anything changes; the command
 * line exits with the code given here (`exitCodes`).
 */
export const backupError = defineErrors({
  NOT_A_BACKUP: {
    status: 422,
    fr: 'Ce fichier n’est pas une sauvegarde de Totem.',
    en: 'This file is not a Totem backup.',
  },
  DAMAGED: {
    status: 422,
    fr: 'Cette sauvegarde est endommagée ou incomplète (sa somme de contrôle ne correspond pas) ; rien n’a été modifié.',
    en: 'This backup is damaged or incomplete (its checksum does not match); nothing was changed.',
  },
  NEWER_SCHEMA: {
    status: 409,
    fr: 'Cette sauvegarde vient d’une version plus récente de Totem que celle-ci : mettez Totem à jour, puis restaurez-la.',
    en: 'This backup comes from a newer version of Totem than this one: upgrade Totem, then restore it.',
  },
  OLDER_SCHEMA: {
    status: 409,
    fr: 'Cette sauvegarde vient d’une version plus ancienne de Totem : restaurez-la avec cette version, puis mettez Totem à jour.',
    en: 'This backup comes from an older version of Totem: restore it with that version, then upgrade Totem.',
  },
  SCHEMA_MISMATCH: {
    status: 409,
    fr: 'Les tables de cette sauvegarde ne correspondent pas à celles de la base de données.',
    en: 'The tables of this backup do not match those of the database.',
  },
  DATABASE_IN_USE: {
    status: 409,
    fr: 'Un serveur Totem utilise la base embarquée : arrêtez-le avant de restaurer.',
    en: 'A Totem server is using the embedded database: stop it before restoring.',
  },
});

export type BackupErrorCode = keyof typeof backupError.table;

/** the command line's exit code for each refusal */
export const exitCodes: Record<BackupErrorCode, number> = {
  NOT_A_BACKUP: 2,
  DAMAGED: 2,
  NEWER_SCHEMA: 3,
  OLDER_SCHEMA: 3,
  SCHEMA_MISMATCH: 3,
  DATABASE_IN_USE: 4,
};
