// What a view shows until its feature's screen is plugged into views.tsx.
export function ScreenNotReady({ title }: { readonly title: string }) {
  return (
    <section className="screen-not-ready" aria-label={title}>
      <h2>{title}</h2>
      <p>This screen is not part of this build yet.</p>
    </section>
  );
}
