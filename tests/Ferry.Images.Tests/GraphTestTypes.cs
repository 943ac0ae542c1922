using System.Diagnostics.CodeAnalysis;

#pragma warning disable CS0169, CS0649, CS0414 // fields are written and read by the serializer, not by code
namespace Ferry.Images.Tests;

public enum Color : byte { Red = 1, Green = 2, Blue = 3 }

[Flags]
public enum Access : long { None = 0, Read = 1, Write = 1L << 40 }

public struct Point
{
    public int X;
    public int Y;
    public string? Label;
}

public readonly struct Money(decimal amount, string currency)
{
    public decimal Amount { get; } = amount;
    public string Currency { get; } = currency;
}

public class Animal
{
    private readonly string _name;
    protected int Legs;

    public Animal(string name, int legs)
    {
        _name = name;
        Legs = legs;
    }

    public string Name => _name;
}

public sealed class Dog : Animal
{
    private readonly Point _home;
    public Animal? Friend;
    public Color Collar;
    public int? Age;
    public DateTime Born;
    public (int, string) Tag;

    public Dog(string name, Point home) : base(name, 4) => _home = home;

    public Point Home => _home;
    public int LegCount => Legs;
}

public sealed class Node
{
    public int Value;
    public Node? Next;
    public List<Node> Children = new();
}

/// <summary>Equality by content, so a dictionary keyed by it needs its fields before hashing.</summary>
public sealed class Key(string a, int b) : IEquatable<Key>
{
    public string A { get; } = a;
    public int B { get; } = b;
    public bool Equals(Key? other) => other is not null && other.A == A && other.B == B;
    public override bool Equals(object? obj) => Equals(obj as Key);
    public override int GetHashCode() => HashCode.Combine(A, B);
}

public sealed class LengthComparer : IComparer<string>, IEqualityComparer<string>
{
    public int Calls;
    public int Compare(string? x, string? y) => x!.Length != y!.Length ? x.Length.CompareTo(y.Length) : string.CompareOrdinal(x, y);
    public bool Equals(string? x, string? y) => x?.Length == y?.Length;
    public int GetHashCode([DisallowNull] string obj) => obj.Length;
}

public sealed class Counter
{
    public int Count;
    public string Prefix = "";
    public int Add(int n) => Count += n;
    public string Describe(int n) => $"{Prefix}{n}";
    public static int Twice(int n) => n * 2;
    public static T Echo<T>(T value) => value;
}

public sealed class HoldsFile
{
    public string Name = "f";
    public FileStream? File;
}

public unsafe sealed class HoldsPointer
{
    public int* Pointer;
}

/// <summary>A type the reading side does not allow; its static constructor tells if it was ever touched.</summary>
public sealed class Forbidden
{
    public static bool Touched;
    static Forbidden() => Touched = true;
    public int Value;
}

public sealed class Holder
{
    public object? Item;
}

/// <summary>Stands in for something the image cannot hold.</summary>
public sealed class NativeThing(int id)
{
    public int Id { get; } = id;
    public IntPtr Handle = 42;
}

public sealed class NativeThingSurrogate
{
    public int Id;
}

public class MyRandom : Random
{
    public MyRandom(int seed) : base(seed) { }
    public int Extra = 7;
}

/// <summary>A key whose hash code changes with <see cref="Salt"/>, as string hash codes change between processes.</summary>
public sealed class SaltedKey(string name) : IEquatable<SaltedKey>
{
    public static int Salt;
    public string Name { get; } = name;
    public bool Equals(SaltedKey? other) => other is not null && other.Name == Name;
    public override bool Equals(object? obj) => Equals(obj as SaltedKey);
    public override int GetHashCode() => HashCode.Combine(Name, Salt * 7919);
    public override string ToString() => Name;
}

/// <summary>A key whose equality can be switched to "everything is equal", to make keys collide after a write.</summary>
public sealed class FlakyKey(string name)
{
    public static bool AllEqual;
    public string Name { get; } = name;
    public override bool Equals(object? obj) => obj is FlakyKey k && (AllEqual || k.Name == Name);
    public override int GetHashCode() => AllEqual ? 0 : Name.GetHashCode();
}

/// <summary>Like the capture suite's ExceptionsRethrow scenario: an app exception with a code and an inner exception.</summary>
public sealed class LedgerException : Exception
{
    public LedgerException(string message, int code, Exception? inner = null) : base(message, inner) => Code = code;

    public int Code { get; }
}

/// <summary>An app exception deriving from a framework one, with fields of its own (and a computed Message).</summary>
public class ValidationException(string message, string paramName, List<string> errors) : ArgumentException(message, paramName)
{
    public List<string> Errors { get; } = errors;
    public Color Severity;
    public override string Message => base.Message + $" [{Errors.Count} errors]";
}

/// <summary>Holds a caught exception in a field across a checkpoint.</summary>
public sealed class Job
{
    public Exception? LastError;
    public List<Exception> Errors = new();
}

/// <summary>What a runtime-style surrogate writes instead of a thread or task: an id it can resolve.</summary>
public sealed class SubstituteId
{
    public int Id;
}

/// <summary>Like the frame of a method holding a <c>foreach</c> enumerator (and its collection) in locals.</summary>
public sealed class LoopFrame<TEnumerator>
{
    public TEnumerator Enumerator = default!;
    public object? Collection;
}
