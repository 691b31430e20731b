package io.bdpaas.project;

import io.bdpaas.tenancy.Caller;

/** Published once a new project is kept, for what every new project starts with elsewhere. */
public record ProjectCreated(Caller caller, Project project) {}
