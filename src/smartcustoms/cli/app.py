"""The root command: each domain module's commands and groups, registered in the order the help
lists them."""

import typer

from smartcustoms.cli import (
    clearance,
    declarations,
    documents,
    hs,
    images,
    lab,
    logistics,
    monitor,
    risk,
    rules,
)
from smartcustoms.cli.shared import ErrorsAsMessages

app = typer.Typer(
    cls=ErrorsAsMessages,
    help="smartcustoms: lodge, validate and screen customs declarations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

app.command("validate")(declarations.validate)
app.command("convert")(declarations.convert)
app.command("hs")(declarations.hs_lookup)
app.command("generate")(lab.generate)
app.command("demo")(lab.demo)
app.command("replay")(lab.replay)
app.command("serve")(clearance.serve)
app.command("train")(risk.train)
app.command("screen")(risk.screen)
app.command("classify")(hs.classify)
app.command("train-hs")(hs.train_hs)

evaluate_app = typer.Typer(help="Quality figures of the models.", no_args_is_help=True)
evaluate_app.command("images")(images.evaluate_images)
evaluate_app.command("documents")(documents.evaluate_documents)
evaluate_app.command("risk")(risk.evaluate_risk)
evaluate_app.command("hs")(hs.evaluate_hs)
evaluate_app.command("all")(lab.evaluate_all)
evaluate_app.command("drift")(risk.evaluate_drift)

app.add_typer(clearance.users_app, name="users")
app.add_typer(clearance.audit_app, name="audit")
app.add_typer(logistics.logistics_app, name="logistics")
app.add_typer(monitor.monitor_app, name="monitor")
app.add_typer(rules.rules_app, name="rules")
app.add_typer(evaluate_app, name="evaluate")
app.add_typer(images.images_app, name="images")
app.add_typer(images.organisms_app, name="organisms")
app.add_typer(documents.documents_app, name="documents")
app.add_typer(risk.feedback_app, name="feedback")
