/** JMH microbenchmarks of the error model: building and rendering each error form. */
package io.jdaprd.bench.errors;
