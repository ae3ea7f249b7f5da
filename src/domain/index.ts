// The pure logic of the workstation: no I/O, no clock (time is a parameter), safe in the renderer.
export * from './assessment-scoring';
export * from './calling-hours';
export * from './calling-window';
export * from './dispositions';
export * from './dnc';
export * from './failure';
export * from './kpis';
export * from './lead';
export * from './phone';
export * from './queue';
