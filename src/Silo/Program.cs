using Marquee.Silo;

var builder = WebApplication.CreateBuilder(args);
builder.AddMarqueeClusterSilo();

var app = builder.Build();
app.MapMarqueeSiloOps();
app.Run();
