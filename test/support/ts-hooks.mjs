import { register } from 'node:module';
register('./ts-load-hook.mjs', import.meta.url);
