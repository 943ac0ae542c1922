namespace BenchWorkloads;

/// <summary>
/// The workloads. Each is a public static method without parameters returning a checksum that
/// depends on everything it computed (the benchmark asserts plain and woven checksums are equal).
/// </summary>
public static class Suite
{
    public static string[] Names { get; } =
        ["Recursion", "Loops", "Collections", "Strings", "Threads", "Interpreter", "Json", "Linq", "NBody"];

    /// <summary>Call-heavy recursion: fib(30), a binary tree built and walked recursively, N-queens backtracking.</summary>
    public static long Recursion() => BenchWorkloads.Recursion.Run();

    /// <summary>Tight loops: array sums, a matrix product (nested loops), a sieve, a 2-D prefix sum.</summary>
    public static long Loops() => BenchWorkloads.Loops.Run();

    /// <summary>Allocation-heavy collections: List, Dictionary, HashSet, Queue (BFS), sorting, grouping.</summary>
    public static long Collections() => BenchWorkloads.Collections.Run();

    /// <summary>String work: StringBuilder, formatting, Split/Join, parsing, word counts.</summary>
    public static long Strings() => BenchWorkloads.Strings.Run();

    /// <summary>Four threads doing per-thread work and updating shared state under <c>lock</c>, joined.</summary>
    public static long Threads() => BenchWorkloads.Threads.Run();

    /// <summary>A tiny language: tokenizer, recursive-descent parser, tree-walking evaluator (virtual Eval).</summary>
    public static long Interpreter() => BenchWorkloads.Interpreter.Run();

    /// <summary>JSON text: tokenizer + recursive parser into a DOM, queries over it, serialization back.</summary>
    public static long Json() => BenchWorkloads.Json.Run();

    /// <summary>LINQ with lambdas and closures, an iterator (<c>yield</c>), generic helpers.</summary>
    public static long Linq() => BenchWorkloads.Linq.Run();

    /// <summary>N-body physics with a Vec3 struct and Body objects: floating-point loops.</summary>
    public static long NBody() => BenchWorkloads.NBody.Run();

    public static long Run(string name) => name switch
    {
        "Recursion" => Recursion(),
        "Loops" => Loops(),
        "Collections" => Collections(),
        "Strings" => Strings(),
        "Threads" => Threads(),
        "Interpreter" => Interpreter(),
        "Json" => Json(),
        "Linq" => Linq(),
        "NBody" => NBody(),
        _ => throw new ArgumentException($"unknown workload {name}"),
    };

    /// <summary>Fold a value into a running checksum (order-sensitive).</summary>
    public static long Mix(long h, long v) => unchecked((h ^ v) * 0x100000001B3L + 0x9E3779B9L);
}
