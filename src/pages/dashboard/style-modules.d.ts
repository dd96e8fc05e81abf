/** Vite bundles stylesheets imported for their side effect (the dashboard's and popup's CSS). */
declare module '*.css';
