import { render } from 'preact';

render(<h1>SKU Shift</h1>, document.getElementById('app')!);
