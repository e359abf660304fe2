"""Reusable Pulumi components and the two stack programs of Storefleet.

A package with a name of its own: `pulumi/` itself is a folder, never a package, so
`import pulumi` is always the SDK. Modules that import the Pulumi SDK are imported on use;
`infra_components.names` is plain Python for the control plane.
"""
