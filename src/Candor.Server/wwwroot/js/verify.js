// Verify page: POST /api/verify with the image and optional trust anchors; shows the candor.verify/1 document as a tree.
import { post, session, showStatus, showError } from './api.js';
import { h } from './dom.js';
import { verifyTree } from './c2pa.js';

const form = document.getElementById('verify-form');
const fileInput = document.getElementById('verify-file');
const trustInput = document.getElementById('verify-trust');
const output = document.getElementById('verify-output');
const empty = document.getElementById('verify-empty');

session().catch(showError);

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = fileInput.files[0];
  if (!file) {
    showError('Choose an image to verify.');
    return;
  }
  const data = new FormData();
  data.append('file', file, file.name);
  for (const pem of trustInput.files) data.append('trust', pem, pem.name);
  showStatus(`Verifying ${file.name}…`);
  try {
    const res = await post('/api/verify', data);
    const doc = await res.json();
    empty.hidden = true;
    output.replaceChildren(h('h3', {}, file.name), verifyTree(doc));
    showStatus(`Verified ${file.name}: ${doc.state ?? doc.outcome}.`);
  } catch (err) {
    showError(err);
  }
});
