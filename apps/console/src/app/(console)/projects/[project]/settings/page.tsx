import { redirect } from 'next/navigation';
import { integrationsPath } from '@/lib/paths.ts';

/** Integrations are the only settings so far; the settings link lands on them. */
export default async function SettingsPage({ params }: { params: Promise<{ project: string }> }) {
  redirect(integrationsPath((await params).project));
}
