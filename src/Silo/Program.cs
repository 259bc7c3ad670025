using Marquee.Silo;

var builder = WebApplication.CreateBuilder(args);
if (SchemaCommand.IsRequested(args))
{
    return await SchemaCommand.RunAsync(builder.Configuration, args);
}

builder.AddMarqueeClusterSilo();

var app = builder.Build();
app.MapMarqueeSiloOps();
await app.RunAsync();
return 0;
