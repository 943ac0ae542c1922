using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>
/// The fixed-size encodings of leaf values: which CLR types are leaves, their sizes, and the put/get
/// helpers that compiled readers and writers call. Little-endian hosts are assumed (checked at startup).
/// </summary>
internal static class FieldKinds
{
    private static readonly Dictionary<Type, FieldKind> Leaves = new()
    {
        [typeof(bool)] = FieldKind.Bool,
        [typeof(char)] = FieldKind.Char,
        [typeof(sbyte)] = FieldKind.SByte,
        [typeof(byte)] = FieldKind.Byte,
        [typeof(short)] = FieldKind.Int16,
        [typeof(ushort)] = FieldKind.UInt16,
        [typeof(int)] = FieldKind.Int32,
        [typeof(uint)] = FieldKind.UInt32,
        [typeof(long)] = FieldKind.Int64,
        [typeof(ulong)] = FieldKind.UInt64,
        [typeof(float)] = FieldKind.Single,
        [typeof(double)] = FieldKind.Double,
        [typeof(decimal)] = FieldKind.Decimal,
        [typeof(DateTime)] = FieldKind.DateTime,
        [typeof(TimeSpan)] = FieldKind.TimeSpan,
        [typeof(DateTimeOffset)] = FieldKind.DateTimeOffset,
        [typeof(Guid)] = FieldKind.Guid,
        [typeof(nint)] = FieldKind.IntPtr,
        [typeof(nuint)] = FieldKind.UIntPtr,
        [typeof(Half)] = FieldKind.Half,
        [typeof(Int128)] = FieldKind.Int128,
        [typeof(UInt128)] = FieldKind.UInt128,
        [typeof(DateOnly)] = FieldKind.DateOnly,
        [typeof(TimeOnly)] = FieldKind.TimeOnly,
        [typeof(BigInteger)] = FieldKind.BigInteger,
    };

    /// <summary>The leaf kind of <paramref name="type"/> (enums by their underlying type), or null.</summary>
    public static FieldKind? LeafKindOf(Type type)
    {
        if (type.IsEnum)
        {
            type = Enum.GetUnderlyingType(type);
        }
        return Leaves.TryGetValue(type, out var k) ? k : null;
    }

    public static bool IsFixed(FieldKind kind) => kind < FieldKind.Ref;

    public static bool IsValid(FieldKind kind) => kind is >= FieldKind.Bool and <= FieldKind.TimeOnly or FieldKind.Ref or FieldKind.BigInteger;

    public static int SizeOf(FieldKind kind) => kind switch
    {
        FieldKind.Bool or FieldKind.SByte or FieldKind.Byte => 1,
        FieldKind.Char or FieldKind.Int16 or FieldKind.UInt16 or FieldKind.Half => 2,
        FieldKind.Int32 or FieldKind.UInt32 or FieldKind.Single or FieldKind.DateOnly => 4,
        FieldKind.Int64 or FieldKind.UInt64 or FieldKind.Double or FieldKind.DateTime or FieldKind.TimeSpan
            or FieldKind.IntPtr or FieldKind.UIntPtr or FieldKind.TimeOnly => 8,
        FieldKind.Decimal or FieldKind.DateTimeOffset or FieldKind.Guid or FieldKind.Int128 or FieldKind.UInt128 => 16,
        _ => 0,
    };

    /// <summary>Kinds whose encoding is the value's own memory, so arrays of them are copied in bulk.</summary>
    public static bool IsMemoryImage(FieldKind kind) => kind is >= FieldKind.Bool and <= FieldKind.Double
        or FieldKind.TimeSpan or FieldKind.IntPtr or FieldKind.UIntPtr or FieldKind.Half or FieldKind.Int128 or FieldKind.UInt128;

    /// <summary>The put helper for a fixed kind: static void Put(ref byte destination, T value).</summary>
    public static MethodInfo PutMethod(FieldKind kind) => typeof(FieldKinds).GetMethod("Put" + kind, BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)!;

    /// <summary>The get helper for a fixed kind: static T Get(ref byte source).</summary>
    public static MethodInfo GetMethod(FieldKind kind) => typeof(FieldKinds).GetMethod("Get" + kind, BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)!;

    // Put/Get helpers, one pair per fixed kind; called from emitted IL and inlined by the JIT.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutBool(ref byte d, bool v) => d = v ? (byte)1 : (byte)0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool GetBool(ref byte s) => s != 0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutChar(ref byte d, char v) => Unsafe.WriteUnaligned(ref d, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static char GetChar(ref byte s) => Unsafe.ReadUnaligned<char>(ref s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutSByte(ref byte d, sbyte v) => d = (byte)v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static sbyte GetSByte(ref byte s) => (sbyte)s;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutByte(ref byte d, byte v) => d = v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static byte GetByte(ref byte s) => s;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutInt16(ref byte d, short v) => Unsafe.WriteUnaligned(ref d, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static short GetInt16(ref byte s) => Unsafe.ReadUnaligned<short>(ref s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutUInt16(ref byte d, ushort v) => Unsafe.WriteUnaligned(ref d, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ushort GetUInt16(ref byte s) => Unsafe.ReadUnaligned<ushort>(ref s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutInt32(ref byte d, int v) => Unsafe.WriteUnaligned(ref d, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int GetInt32(ref byte s) => Unsafe.ReadUnaligned<int>(ref s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutUInt32(ref byte d, uint v) => Unsafe.WriteUnaligned(ref d, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static uint GetUInt32(ref byte s) => Unsafe.ReadUnaligned<uint>(ref s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutInt64(ref byte d, long v) => Unsafe.WriteUnaligned(ref d, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long GetInt64(ref byte s) => Unsafe.ReadUnaligned<long>(ref s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutUInt64(ref byte d, ulong v) => Unsafe.WriteUnaligned(ref d, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong GetUInt64(ref byte s) => Unsafe.ReadUnaligned<ulong>(ref s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutSingle(ref byte d, float v) => Unsafe.WriteUnaligned(ref d, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float GetSingle(ref byte s) => Unsafe.ReadUnaligned<float>(ref s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutDouble(ref byte d, double v) => Unsafe.WriteUnaligned(ref d, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double GetDouble(ref byte s) => Unsafe.ReadUnaligned<double>(ref s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutIntPtr(ref byte d, nint v) => Unsafe.WriteUnaligned(ref d, (long)v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static nint GetIntPtr(ref byte s) => (nint)Unsafe.ReadUnaligned<long>(ref s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutUIntPtr(ref byte d, nuint v) => Unsafe.WriteUnaligned(ref d, (ulong)v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static nuint GetUIntPtr(ref byte s) => (nuint)Unsafe.ReadUnaligned<ulong>(ref s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutHalf(ref byte d, Half v) => Unsafe.WriteUnaligned(ref d, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Half GetHalf(ref byte s) => Unsafe.ReadUnaligned<Half>(ref s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutInt128(ref byte d, Int128 v) => Unsafe.WriteUnaligned(ref d, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int128 GetInt128(ref byte s) => Unsafe.ReadUnaligned<Int128>(ref s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutUInt128(ref byte d, UInt128 v) => Unsafe.WriteUnaligned(ref d, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static UInt128 GetUInt128(ref byte s) => Unsafe.ReadUnaligned<UInt128>(ref s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutTimeSpan(ref byte d, TimeSpan v) => Unsafe.WriteUnaligned(ref d, v.Ticks);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TimeSpan GetTimeSpan(ref byte s) => new(Unsafe.ReadUnaligned<long>(ref s));

    /// <summary>Ticks in the low 62 bits, Kind in the top two (as DateTime.ToBinary does for non-local kinds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PutDateTime(ref byte d, DateTime v) => Unsafe.WriteUnaligned(ref d, (ulong)v.Ticks | ((ulong)v.Kind << 62));

    public static DateTime GetDateTime(ref byte s)
    {
        ulong raw = Unsafe.ReadUnaligned<ulong>(ref s);
        long ticks = (long)(raw & 0x3FFFFFFFFFFFFFFFUL);
        var kind = (DateTimeKind)(raw >> 62);
        if (ticks > DateTime.MaxValue.Ticks || kind > DateTimeKind.Local)
        {
            throw new ImageFormatException("corrupted object graph: invalid DateTime value");
        }
        return new DateTime(ticks, kind);
    }

    /// <summary>The clock time's ticks, then the offset in minutes (as a 64-bit value).</summary>
    public static void PutDateTimeOffset(ref byte d, DateTimeOffset v)
    {
        Unsafe.WriteUnaligned(ref d, v.Ticks);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, 8), (long)v.TotalOffsetMinutes);
    }

    public static DateTimeOffset GetDateTimeOffset(ref byte s)
    {
        long ticks = Unsafe.ReadUnaligned<long>(ref s);
        long minutes = Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref s, 8));
        if (ticks < 0 || ticks > DateTime.MaxValue.Ticks || minutes is < -14 * 60 or > 14 * 60)
        {
            throw new ImageFormatException("corrupted object graph: invalid DateTimeOffset value");
        }
        try
        {
            return new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes));
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ImageFormatException("corrupted object graph: invalid DateTimeOffset value");
        }
    }

    /// <summary>decimal.GetBits order: low, mid, high, flags.</summary>
    public static void PutDecimal(ref byte d, decimal v)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(v, bits);
        for (int i = 0; i < 4; i++)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, i * 4), bits[i]);
        }
    }

    public static decimal GetDecimal(ref byte s)
    {
        Span<int> bits = stackalloc int[4];
        for (int i = 0; i < 4; i++)
        {
            bits[i] = Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref s, i * 4));
        }
        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException)
        {
            throw new ImageFormatException("corrupted object graph: invalid decimal value");
        }
    }

    public static void PutGuid(ref byte d, Guid v) => v.TryWriteBytes(MemoryMarshalSpan(ref d, 16));

    public static Guid GetGuid(ref byte s) => new(MemoryMarshalSpan(ref s, 16));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutDateOnly(ref byte d, DateOnly v) => Unsafe.WriteUnaligned(ref d, v.DayNumber);

    public static DateOnly GetDateOnly(ref byte s)
    {
        int day = Unsafe.ReadUnaligned<int>(ref s);
        if (day < 0 || day > DateOnly.MaxValue.DayNumber)
        {
            throw new ImageFormatException("corrupted object graph: invalid DateOnly value");
        }
        return DateOnly.FromDayNumber(day);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void PutTimeOnly(ref byte d, TimeOnly v) => Unsafe.WriteUnaligned(ref d, v.Ticks);

    public static TimeOnly GetTimeOnly(ref byte s)
    {
        long ticks = Unsafe.ReadUnaligned<long>(ref s);
        if (ticks < 0 || ticks > TimeOnly.MaxValue.Ticks)
        {
            throw new ImageFormatException("corrupted object graph: invalid TimeOnly value");
        }
        return new TimeOnly(ticks);
    }

    private static Span<byte> MemoryMarshalSpan(ref byte b, int length) => System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref b, length);

    /// <summary>Reads a fixed value of any kind as a boxed framework value, for inspection.</summary>
    public static object Box(FieldKind kind, ref byte s) => kind switch
    {
        FieldKind.Bool => GetBool(ref s),
        FieldKind.Char => GetChar(ref s),
        FieldKind.SByte => GetSByte(ref s),
        FieldKind.Byte => GetByte(ref s),
        FieldKind.Int16 => GetInt16(ref s),
        FieldKind.UInt16 => GetUInt16(ref s),
        FieldKind.Int32 => GetInt32(ref s),
        FieldKind.UInt32 => GetUInt32(ref s),
        FieldKind.Int64 => GetInt64(ref s),
        FieldKind.UInt64 => GetUInt64(ref s),
        FieldKind.Single => GetSingle(ref s),
        FieldKind.Double => GetDouble(ref s),
        FieldKind.Decimal => GetDecimal(ref s),
        FieldKind.DateTime => GetDateTime(ref s),
        FieldKind.TimeSpan => GetTimeSpan(ref s),
        FieldKind.DateTimeOffset => GetDateTimeOffset(ref s),
        FieldKind.Guid => GetGuid(ref s),
        FieldKind.IntPtr => GetIntPtr(ref s),
        FieldKind.UIntPtr => GetUIntPtr(ref s),
        FieldKind.Half => GetHalf(ref s),
        FieldKind.Int128 => GetInt128(ref s),
        FieldKind.UInt128 => GetUInt128(ref s),
        FieldKind.DateOnly => GetDateOnly(ref s),
        FieldKind.TimeOnly => GetTimeOnly(ref s),
        _ => throw new ImageFormatException($"corrupted object graph: field kind {(byte)kind} is not a fixed value"),
    };

    /// <summary>The CLR type used for a fixed kind when inspecting (primitive arrays are decoded as arrays of it).</summary>
    public static Type ClrTypeOf(FieldKind kind) => Leaves.First(p => p.Value == kind).Key;
}
