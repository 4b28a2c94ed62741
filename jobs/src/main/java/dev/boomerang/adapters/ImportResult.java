package dev.boomerang.adapters;

import java.time.LocalDate;
import java.util.List;

/** What an import wrote: the drop's date, the summary lines to print, and the drop itself. */
public record ImportResult(LocalDate date, List<String> summary, Drop drop) {}
