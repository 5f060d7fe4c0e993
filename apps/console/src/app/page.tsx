import { redirect } from 'next/navigation';
import { projectsPath } from '@/lib/paths.ts';

export default function Home() {
  redirect(projectsPath());
}
