/**
 * Components: reading Dapr resource YAML ({@code Component} documents, multi-document files too), resolving each
 * type and version through the explicit registry of built-in types, and initialising the instances, with every
 * problem reported once, naming the file and the field. For hot reload: the watch of the resources folders
 * ({@code ResourceWatcher}), the diff of what changed ({@code ComponentDiff}) and the count of the calls in flight on a
 * component ({@code InFlight}), which the runtime waits for before it closes a component it swapped out.
 */
package io.jdaprd.core.component;
