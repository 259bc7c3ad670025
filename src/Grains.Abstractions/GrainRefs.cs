namespace Marquee;

/// <summary>
/// Grain references for hot paths (API and grains): <c>grains.Grain&lt;ITitleGrain&gt;(id)</c> instead of <c>GetGrain</c>.
/// </summary>
/// <remarks>
/// Orleans' <c>GetGrain&lt;T&gt;(key)</c> resolves the interface's grain type by reading its attributes on every call
/// (about 4% of a title read's allocations under load). The resolved pair (interface type, grain type) never changes
/// for an interface, so it is learnt from the first reference Orleans makes and reused; the reference itself is still
/// made by Orleans from the grain id. A reference whose implementation is not known yet (a client before the cluster's
/// manifest arrives gets a "sys." stub type) is not learnt from.
/// </remarks>
public static class GrainRefs
{
    public static T Grain<T>(this IGrainFactory grains, Guid key) where T : IGrainWithGuidKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        return Resolved<T>.Types is { } known ? Make<T>(grains, known, GrainIdKeyExtensions.CreateGuidKey(key)) : Learn(grains.GetGrain<T>(key));
    }

    public static T Grain<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return Resolved<T>.Types is { } known ? Make<T>(grains, known, IdSpan.Create(key)) : Learn(grains.GetGrain<T>(key));
    }

    public static T Grain<T>(this IGrainFactory grains, long key) where T : IGrainWithIntegerKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        return Resolved<T>.Types is { } known ? Make<T>(grains, known, GrainIdKeyExtensions.CreateIntegerKey(key)) : Learn(grains.GetGrain<T>(key));
    }

    static T Make<T>(IGrainFactory grains, GrainTypes known, IdSpan key) =>
        (T)grains.GetGrain(GrainId.Create(known.GrainType, key), known.InterfaceType);

    static T Learn<T>(T reference)
    {
        if (reference is GrainReference made && !made.GrainId.Type.ToString()!.StartsWith("sys.", StringComparison.Ordinal))
        {
            Resolved<T>.Types = new GrainTypes(made.InterfaceType, made.GrainId.Type);
        }

        return reference;
    }

    sealed record GrainTypes(GrainInterfaceType InterfaceType, GrainType GrainType);

    /// <summary>One slot per interface: a static field read, no dictionary lookup, on every call.</summary>
    static class Resolved<T>
    {
        public static volatile GrainTypes? Types;
    }
}
