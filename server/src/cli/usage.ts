// The usage lines of the commands whose code is loaded only when they run (./cli.ts imports them on demand).

export const RENDER_USAGE =
  '  render <file.rst> [-o out.html] [--root DIR] [--allow-remote]\n' +
  '                                            write a self-contained HTML page, diagrams inlined as SVG;\n' +
  '                                            files it names are read only inside DIR (default: the\n' +
  '                                            repository holding the file, else the current directory);\n' +
  '                                            remote images are placeholders unless --allow-remote\n' +
  '                                            (then https images keep their address: the browser loads them);\n' +
  '                                            a reno note (releasenotes/notes/*.yaml): the page reno writes of it\n';

export const PREVIEW_USAGE =
  '  preview [file.rst] [--port N] [--allow-remote]\n' +
  '                                            serve the live preview on 127.0.0.1 (default: the bundled example\n' +
  '                                            guide); remote images load only with --allow-remote (https only);\n' +
  '                                            a reno note (releasenotes/notes/*.yaml): the page reno writes of it\n';
