package dev.boomerang.cli;

import dev.boomerang.contract.Contract;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "contract", mixinStandardHelpOptions = true,
    description = "Prints the landing contract (entities, columns, types, keys, allowed values) as Markdown.")
public class ContractCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.print(Contract.markdown());
    return ExitCode.OK;
  }
}
