/**
 * zod/mini ships without messages ("Invalid input" for everything) until a locale is configured. Importing
 * this module once, for its effect, gives every schema English messages, as classic `zod` does by itself.
 * The setting is global (zod's core config), so importing it from several modules is harmless. English
 * only, as classic zod does: `z.locales.en()` would pull all 64 locales (~260 KiB) into a bundle.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
