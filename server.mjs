// Starts Meridian from the production build (`npm run build` first; `npm start` does both).
import * as build from "./build/index.js";

await build.entry.module.startServer(build);
