import {
  Bot, Boxes, Code, Gauge, GitBranch, Globe, ListTree, LogIn, LogOut, Merge, Shuffle, Sparkles, StickyNote, Timer, UserCheck, Workflow,
  type LucideIcon,
} from 'lucide-react';

// Node types name lucide icons; only these are bundled (importing the whole set would ship every icon).
const ICONS: Readonly<Record<string, LucideIcon>> = {
  'log-in': LogIn,
  'log-out': LogOut,
  shuffle: Shuffle,
  'git-branch': GitBranch,
  timer: Timer,
  merge: Merge,
  bot: Bot,
  sparkles: Sparkles,
  globe: Globe,
  code: Code,
  gauge: Gauge,
  'list-tree': ListTree,
  workflow: Workflow,
  'user-check': UserCheck,
  'sticky-note': StickyNote,
};

/** The SVG icon a node type names; a generic one for a name not listed here. */
export function NodeIcon({ name, className = 'size-4' }: { name: string | undefined; className?: string }) {
  const Icon = (name && ICONS[name]) || Boxes;
  return <Icon aria-hidden="true" className={className} />;
}
