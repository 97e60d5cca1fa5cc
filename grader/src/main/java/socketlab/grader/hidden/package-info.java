/**
 * Instructor-only graded tests: run when an instructor grades (they show in Gradescope after the due
 * date), never shipped to students ({@code export-student} leaves this package out).
 */
package socketlab.grader.hidden;
