import { Toast } from '@/components/ui/toast';
import { useEditorStore } from '../state/editor-context';

/** The store's notice (a refused connection, say) as a toast; when it clears itself, so does the notice. */
export function NoticeToast() {
  const notice = useEditorStore((s) => s.notice);
  const setNotice = useEditorStore((s) => s.setNotice);
  if (notice === null) return null;
  // Keyed by the text: a new message restarts the timer instead of inheriting the old one's.
  return <Toast key={notice} message={notice} tone="danger" isOpen onOpenChange={(isOpen) => !isOpen && setNotice(null)} />;
}
