// A progress bar for long work (reading, staging); with no share known it shows motion instead.
export function ImportProgress({
  label,
  share,
}: {
  readonly label: string;
  /** 0 to 1, or null while the server works and cannot say how far it is. */
  readonly share: number | null;
}) {
  const percent = share === null ? null : Math.round(share * 100);
  return (
    <div className="im-progress-block">
      <div className="im-progress-text">
        <span>{label}</span>
        {percent === null ? null : <span className="im-progress-percent">{percent}%</span>}
      </div>
      <div
        className={percent === null ? 'im-progress im-progress-busy' : 'im-progress'}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(percent === null ? {} : { 'aria-valuenow': percent })}
      >
        <div
          className="im-progress-fill"
          style={percent === null ? undefined : { width: `${percent}%` }}
        />
      </div>
    </div>
  );
}
