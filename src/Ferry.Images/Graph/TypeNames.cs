using System.Text;

namespace Ferry.Images.Graph;

/// <summary>Readable C#-like type names for messages ("List&lt;Program.Item&gt;", "int[,]").</summary>
internal static class TypeNames
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(bool)] = "bool", [typeof(char)] = "char", [typeof(sbyte)] = "sbyte", [typeof(byte)] = "byte",
        [typeof(short)] = "short", [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint",
        [typeof(long)] = "long", [typeof(ulong)] = "ulong", [typeof(float)] = "float", [typeof(double)] = "double",
        [typeof(decimal)] = "decimal", [typeof(string)] = "string", [typeof(object)] = "object",
        [typeof(nint)] = "nint", [typeof(nuint)] = "nuint",
    };

    public static string Display(Type t)
    {
        var sb = new StringBuilder();
        Append(sb, t);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, Type t)
    {
        if (Keywords.TryGetValue(t, out var k))
        {
            sb.Append(k);
            return;
        }
        if (t.IsArray)
        {
            Append(sb, t.GetElementType()!);
            sb.Append(t.IsSZArray ? "[]" : $"[{new string(',', t.GetArrayRank() - 1)}]");
            return;
        }
        if (t.IsByRef || t.IsPointer)
        {
            Append(sb, t.GetElementType()!);
            sb.Append(t.IsByRef ? "&" : "*");
            return;
        }
        if (t.IsNested && !t.IsGenericParameter)
        {
            Append(sb, t.DeclaringType!);
            sb.Append('.');
        }
        else if (!string.IsNullOrEmpty(t.Namespace) && !t.Namespace.StartsWith("System", StringComparison.Ordinal))
        {
            sb.Append(t.Namespace).Append('.');
        }
        string name = t.Name;
        int tick = name.IndexOf('`');
        sb.Append(tick >= 0 ? name[..tick] : name);
        if (t.IsConstructedGenericType)
        {
            sb.Append('<');
            var args = t.GetGenericArguments();
            for (int i = 0; i < args.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(", ");
                }
                Append(sb, args[i]);
            }
            sb.Append('>');
        }
    }
}
