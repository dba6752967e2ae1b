import type { Command } from '../options.js';

export const serve: Command = {
  name: 'serve',
  usage: 'serve     [--dist DIR] [--port N] [--host ADDR]',
  summary: 'serve dist/ and its catalog page read-only on localhost',
  options: ['dist', 'port', 'host'],
  async run(values, _, io) {
    const { runServeCommand } = await import('../../service/serve.js');
    return runServeCommand(values, io);
  },
};
