import Link from 'next/link';
import { projectsPath } from '@/lib/paths.ts';

export default function NotFound() {
  return (
    <div className="notice">
      <h1>Not found</h1>
      <p>This page does not exist, or what it shows was deleted.</p>
      <p>
        <Link href={projectsPath()}>Back to your projects</Link>
      </p>
    </div>
  );
}
