// Plays prompt audio in the browser: one file after another (a prompt composed of parts).
let playing: HTMLAudioElement | null = null;

export function playAll(urls: readonly string[]): void {
  playing?.pause();
  const queue = [...urls];
  const next = () => {
    const url = queue.shift();
    if (url === undefined) return;
    const audio = new Audio(url);
    playing = audio;
    audio.onended = next;
    // Without a sound device (or before a click) the browser refuses: nothing to do.
    void audio.play().catch(() => undefined);
  };
  next();
}
