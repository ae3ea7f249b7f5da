// A screen that throws takes only itself down: the chrome (presence, sync health, sign-out) stays usable.
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface ScreenBoundaryProps {
  /** The view's name, for the message; a new name (another view) clears a caught error. */
  readonly name: string;
  readonly children: ReactNode;
}

interface ScreenBoundaryState {
  readonly error: Error | null;
  readonly name: string;
}

export class ScreenBoundary extends Component<ScreenBoundaryProps, ScreenBoundaryState> {
  override state: ScreenBoundaryState = { error: null, name: this.props.name };

  static getDerivedStateFromError(error: unknown): Partial<ScreenBoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(
    props: ScreenBoundaryProps,
    state: ScreenBoundaryState,
  ): Partial<ScreenBoundaryState> | null {
    return props.name === state.name ? null : { error: null, name: props.name };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`[talentg] the ${this.props.name} screen failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <section className="screen-failed" aria-label={this.props.name}>
        <h2>The {this.props.name.toLowerCase()} screen stopped</h2>
        <p>
          Your work is safe: everything you logged is saved on this computer. Reopen the screen, and
          if it stops again, tell your admin what you were doing.
        </p>
        <p className="screen-failed-detail">{error.message}</p>
        <button
          type="button"
          className="button button-primary"
          onClick={() => this.setState({ error: null })}
        >
          Reopen {this.props.name.toLowerCase()}
        </button>
      </section>
    );
  }
}
