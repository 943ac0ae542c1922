using System.Reflection;
using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Imaging;

/// <summary>
/// A type named in an image outside the object graph (the owner of static fields). Resolved only
/// against assemblies the host already loaded, and only to types the allowlist accepts.
/// </summary>
public sealed class TypeDescriptor
{
    public string Assembly = "";
    public string Name = "";
    public TypeDescriptor[] Arguments = [];

    public static TypeDescriptor Of(Type type)
    {
        if (type.IsConstructedGenericType)
        {
            var def = type.GetGenericTypeDefinition();
            return new TypeDescriptor
            {
                Assembly = def.Assembly.GetName().Name!,
                Name = def.FullName!,
                Arguments = type.GetGenericArguments().Select(Of).ToArray(),
            };
        }
        return new TypeDescriptor { Assembly = type.Assembly.GetName().Name!, Name = type.FullName! };
    }

    public Type Resolve(IReadOnlyDictionary<string, Assembly> assemblies)
    {
        if (!assemblies.TryGetValue(Assembly, out var assembly))
            throw new ImageMismatchException($"the image refers to assembly {Assembly}, which this app does not have");
        var type = assembly.GetType(Name, throwOnError: false)
            ?? throw new ImageMismatchException($"the image refers to type {Name}, which {Assembly} does not have");
        if (Arguments.Length == 0) return type;
        if (!type.IsGenericTypeDefinition || type.GetGenericArguments().Length != Arguments.Length)
            throw new ImageMismatchException($"the image names {Name} with {Arguments.Length} type arguments");
        return type.MakeGenericType(Arguments.Select(a => a.Resolve(assemblies)).ToArray());
    }

    public override string ToString() =>
        Arguments.Length == 0 ? Name : $"{Name}[{string.Join(",", Arguments.Select(a => a.ToString()))}]";
}



