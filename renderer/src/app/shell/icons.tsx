// The shell's few line icons (16px, currentColor); decoration only, the controls carry the names.
import type { ReactNode } from 'react';

function Icon({ children }: { readonly children: ReactNode }) {
  return (
    <svg
      className="icon"
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const QueueIcon = () => (
  <Icon>
    <path d="M5.5 4h8M5.5 8h8M5.5 12h8" />
    <circle cx="2.5" cy="4" r="0.6" fill="currentColor" />
    <circle cx="2.5" cy="8" r="0.6" fill="currentColor" />
    <circle cx="2.5" cy="12" r="0.6" fill="currentColor" />
  </Icon>
);

export const CallbacksIcon = () => (
  <Icon>
    <circle cx="8" cy="8" r="6" />
    <path d="M8 4.5V8l2.5 1.5" />
  </Icon>
);

export const AssessmentsIcon = () => (
  <Icon>
    <rect x="3" y="2.5" width="10" height="11.5" rx="1.5" />
    <path d="M6 2.5V2h4v.5M5.75 8.25l1.5 1.5 3-3" />
  </Icon>
);

export const SyncIcon = () => (
  <Icon>
    <path d="M13 6.5A5 5 0 0 0 3.8 4.7M3 9.5a5 5 0 0 0 9.2 1.8" />
    <path d="M3.5 2.5v2.5H6M12.5 13.5V11H10" />
  </Icon>
);

export const SearchIcon = () => (
  <Icon>
    <circle cx="7" cy="7" r="4.5" />
    <path d="m10.5 10.5 3 3" />
  </Icon>
);

export const KeyboardIcon = () => (
  <Icon>
    <rect x="1.5" y="4" width="13" height="8.5" rx="1.5" />
    <path d="M4 6.75h.01M6.5 6.75h.01M9 6.75h.01M11.5 6.75h.01M5 9.75h6" />
  </Icon>
);

export const ChevronDownIcon = () => (
  <Icon>
    <path d="m4.5 6 3.5 3.5L11.5 6" />
  </Icon>
);

export const CloseIcon = () => (
  <Icon>
    <path d="m4.5 4.5 7 7M11.5 4.5l-7 7" />
  </Icon>
);

export const FloorIcon = () => (
  <Icon>
    <circle cx="5" cy="5.5" r="2" />
    <circle cx="11" cy="5.5" r="2" />
    <path d="M1.5 13c.5-2.2 1.8-3.5 3.5-3.5s3 1.3 3.5 3.5M7.5 13c.5-2.2 1.8-3.5 3.5-3.5s3 1.3 3.5 3.5" />
  </Icon>
);

export const LeadsIcon = () => (
  <Icon>
    <path d="M2.5 3.5h11l-4 5v4l-3 1.5v-5.5z" />
  </Icon>
);

export const KpisIcon = () => (
  <Icon>
    <path d="M2.5 13.5h11M4.5 11V8M8 11V4.5M11.5 11V6.5" />
  </Icon>
);

export const PeopleIcon = () => (
  <Icon>
    <circle cx="8" cy="5.5" r="2.5" />
    <path d="M3 13.5c.6-2.6 2.6-4 5-4s4.4 1.4 5 4" />
  </Icon>
);

export const AuthoringIcon = () => (
  <Icon>
    <path d="M3 13.5h3l7-7-3-3-7 7z" />
    <path d="M8.5 5l3 3" />
  </Icon>
);

/** An envelope and a card: mail and payments, the outside services. */
export const IntegrationsIcon = () => (
  <Icon>
    <rect x="2" y="3.5" width="12" height="9" rx="1.5" />
    <path d="M2.5 4.5 8 8.5l5.5-4" />
  </Icon>
);

export const ReleasesIcon = () => (
  <Icon>
    <path d="M2.5 5 8 2.5 13.5 5v6L8 13.5 2.5 11z" />
    <path d="M2.5 5 8 7.5 13.5 5M8 7.5v6" />
  </Icon>
);
