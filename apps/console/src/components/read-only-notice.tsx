/** Said where buttons to change integrations would be, for people whose role only reads them. */
export function ReadOnlyNotice() {
  return (
    <p className="notice" role="note">
      Your role in this project lets you read its integrations; an admin of the project adds,
      changes and deletes them.
    </p>
  );
}
