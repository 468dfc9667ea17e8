/** Development only: the code an authenticator app would show, so the demo needs no phone. */
export function DevCode({ code }: { code: string | null }) {
  if (!code) return null;
  return (
    <p className="notice">
      Development only: your app would show <code>{code}</code> now.
    </p>
  );
}
