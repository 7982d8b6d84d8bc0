/**
 * Whether WebGL renders in software here (SwiftShader in headless Chromium, llvmpipe), asked of
 * a throwaway context because antialiasing must be chosen when the map's context is created.
 * In software, 4x multisampling cost half of each map frame (the viewer bench's CPU per frame:
 * ~35 ms with it, ~16 ms without, on the 2,000 x 100 rollout), so the map goes without it
 * there; on a GPU it costs nothing and stays on.
 */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software/i;

export function softwareWebGl(): boolean {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl === null) return false;
  try {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
    return SOFTWARE_RENDERERS.test(renderer);
  } finally {
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}
