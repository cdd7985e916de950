import ReactMarkdown from 'react-markdown';

/**
 * A model's answer as Markdown: headings, lists, emphasis and code, wrapped to the panel. Raw HTML in the
 * text is never rendered (react-markdown's default), and link targets go through its safe URL filter.
 */
export function MarkdownText({ text, label }: { text: string; label: string }) {
  return (
    <div
      role="group"
      aria-label={label}
      className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm leading-6 break-words text-zinc-800 [&_a]:text-accent-700 [&_a]:underline [&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 [&_code]:text-xs [&_h1]:mt-2 [&_h1]:text-base [&_h1]:font-semibold [&_h2]:mt-2 [&_h2]:text-sm [&_h2]:font-semibold [&_h3]:mt-2 [&_h3]:text-sm [&_h3]:font-semibold [&_li]:my-0.5 [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:my-1.5 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-zinc-100 [&_pre]:p-2 [&_ul]:list-disc [&_ul]:pl-5"
    >
      <ReactMarkdown>{text}</ReactMarkdown>
    </div>
  );
}
