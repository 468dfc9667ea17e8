/** Recovery codes, shown once, with what they are for. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="recovery-codes">
      <p>
        Keep these recovery codes somewhere safe, such as your password manager. Each one lets you
        in once if you lose your phone. <strong>They are shown only now.</strong>
      </p>
      <ul aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
