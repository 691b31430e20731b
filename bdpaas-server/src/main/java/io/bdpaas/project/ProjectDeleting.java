package io.bdpaas.project;

/**
 * Published while a project is deleted, before its row goes: what hangs on the project elsewhere
 * (notebooks' runs, results and sessions) is let go.
 */
public record ProjectDeleting(ProjectId project) {}
