/**
 * Components: reading Dapr resource YAML ({@code Component} documents, multi-document files too), resolving each
 * type and version through the explicit registry of built-in types, and initialising the instances, with every
 * problem reported once, naming the file and the field.
 */
package io.jdaprd.core.component;
