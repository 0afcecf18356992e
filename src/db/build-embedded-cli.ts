// `npm run db:build`: builds the embedded database ahead of time (CI, images).
import { ensureEmbeddedBinary } from './embedded-build';

ensureEmbeddedBinary((msg) => console.log(msg))
  .then((binary) => console.log(`embedded database ready: ${binary}`))
  .catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
