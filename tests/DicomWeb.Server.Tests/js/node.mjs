// Under Node: node node.mjs ROOT PATIENT FILE... prints what exercise.mjs saw, as JSON.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { XMLHttpRequest } from './xhr.mjs';
import { exercise } from './exercise.mjs';

globalThis.XMLHttpRequest = XMLHttpRequest;
const require = createRequire(import.meta.url);
const { api } = require('dicomweb-client');

const [root, patient, ...files] = process.argv.slice(2);
const instances = await Promise.all(files.map(async (file) => {
  const bytes = await readFile(file);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}));
try {
  console.log(JSON.stringify(await exercise(api.DICOMwebClient, root, instances, patient)));
} catch (error) {
  console.error(`dicomweb-client failed: ${error.message} (status ${error.status})`);
  process.exit(1);
}
