/**
 * The HTTP API adapters (Armeria): parse, call the core once, render.
 */
package io.jdaprd.api.http;
