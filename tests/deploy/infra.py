"""infra/ templates: loading them, and deploying them into the embedded emulator.

moto's CloudFormation creates what it models (KMS keys and aliases, DynamoDB tables,
IAM roles and policies, S3 buckets, log groups) and skips the rest with a warning.
Cognito is one it skips, and the app cannot run without it, so ``realize_identity``
creates identity.yml's resources through the Cognito API from the template's own
Properties (CloudFormation's property names are the API's parameter names, and
botocore validates every one of them), and resolves the template's Outputs.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

INFRA = Path(__file__).resolve().parents[2] / "infra"
TEMPLATES = sorted(INFRA.glob("*.yml"))
ACCOUNT_ID = "123456789012"  # moto's account


class CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short-form tags (!Ref, !Sub, !GetAtt ...) as their long forms."""


def _construct_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


CfnLoader.add_multi_constructor("!", _construct_tag)


def load(name: str) -> dict:
    return yaml.load((INFRA / name).read_text(), Loader=CfnLoader)


def resources_of_type(template: dict, resource_type: str) -> dict[str, dict]:
    return {name: res for name, res in template["Resources"].items() if res["Type"] == resource_type}


# --- deploying into moto's CloudFormation ------------------------------------------


def skipped_types(template: dict) -> set[str]:
    """Resource types in ``template`` that moto's CloudFormation does not model (it skips them)."""
    from moto.cloudformation.parsing import get_model_map

    supported = set(get_model_map())
    return {res["Type"] for res in template["Resources"].values()} - supported


def emulator_template(template: dict) -> dict:
    """``template`` without the resource types moto skips, as moto can deploy it.

    moto would skip them anyway, but it then fails on any !GetAtt of one. Outputs naming a
    skipped resource are dropped; a reference to one inside a modelled resource (a policy
    naming a CodeBuild project's ARN, say) becomes a placeholder ARN.
    """
    skipped = {name for name, res in template["Resources"].items() if res["Type"] in skipped_types(template)}

    def mentions(node) -> bool:
        text = json.dumps(node)
        return any(
            f'"Ref": "{name}"' in text or f'"{name}", ' in text or f"${{{name}." in text or f"${{{name}}}" in text
            for name in skipped
        )

    def replace(node):
        if isinstance(node, list):
            return [replace(item) for item in node]
        if isinstance(node, dict):
            if node.get("Ref") in skipped or (node.get("Fn::GetAtt") or [None])[0] in skipped:
                target = node.get("Ref") or node["Fn::GetAtt"][0]
                return f"arn:aws:emulator:us-east-1:{ACCOUNT_ID}:skipped/{target}"
            if isinstance(node.get("Fn::Sub"), str) and mentions(node):
                return f"arn:aws:emulator:us-east-1:{ACCOUNT_ID}:skipped/sub"
            return {key: replace(value) for key, value in node.items()}
        return node

    deployable = {key: value for key, value in template.items() if key not in ("Resources", "Outputs")}
    deployable["Resources"] = {name: replace(res) for name, res in template["Resources"].items() if name not in skipped}
    deployable["Outputs"] = {name: out for name, out in template.get("Outputs", {}).items() if not mentions(out)}
    return deployable


def deploy(cloudformation, stack_name: str, template_name: str, parameters: dict[str, str]) -> dict[str, str]:
    """Create the stack in the emulator; its outputs. Raises if it does not reach CREATE_COMPLETE."""
    cloudformation.create_stack(
        StackName=stack_name,
        TemplateBody=json.dumps(emulator_template(load(template_name))),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    stack = cloudformation.describe_stacks(StackName=stack_name)["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack
    _store_key_policies_as_json()
    return {output["OutputKey"]: output["OutputValue"] for output in stack.get("Outputs", [])}


def _store_key_policies_as_json() -> None:
    """moto 5.2.5 bug: a KMS key created by CloudFormation keeps its KeyPolicy as a dict,
    and DescribeKey then fails json.loads() on it. Store it as the JSON text AWS stores.
    (The emulator runs in this process, so its backend is reachable.)"""
    from moto.kms.models import kms_backends

    for regions in kms_backends.values():
        for backend in regions.values():
            for key in backend.keys.values():
                if isinstance(key.policy, dict):
                    key.policy = json.dumps(key.policy)


# --- the Cognito shim ----------------------------------------------------------------


@dataclass
class Resolver:
    """Enough of CloudFormation's intrinsic functions for identity.yml."""

    template: dict
    parameters: dict
    region: str
    physical: dict = field(default_factory=dict)  # logical id -> Ref value
    attributes: dict = field(default_factory=dict)  # (logical id, attr) -> value

    def __post_init__(self):
        declared = self.template.get("Parameters", {})
        values = {}
        for name, spec in declared.items():
            raw = self.parameters.get(name, spec.get("Default"))
            values[name] = int(raw) if spec["Type"] == "Number" else raw
        self.values = {**values, "AWS::Region": self.region, "AWS::AccountId": ACCOUNT_ID, "AWS::Partition": "aws"}
        self.conditions = {name: self.resolve(cond) for name, cond in self.template.get("Conditions", {}).items()}

    def resolve(self, node):
        if isinstance(node, list):
            return [self.resolve(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "Ref" in node:
            name = node["Ref"]
            return self.values[name] if name in self.values else self.physical[name]
        if "Fn::Sub" in node:
            return re.sub(r"\$\{([^}]+)\}", lambda m: str(self._sub(m.group(1))), node["Fn::Sub"])
        if "Fn::GetAtt" in node:
            return self.attributes[tuple(node["Fn::GetAtt"])]
        if "Fn::If" in node:
            name, yes, no = node["Fn::If"]
            return self.resolve(yes if self.conditions[name] else no)
        if "Fn::Not" in node:
            return not self.resolve(node["Fn::Not"][0])
        if "Fn::Equals" in node:
            left, right = self.resolve(node["Fn::Equals"])
            return left == right
        return {key: self.resolve(value) for key, value in node.items()}

    def _sub(self, name: str):
        if "." in name:
            return self.attributes[tuple(name.split(".", 1))]
        return self.resolve({"Ref": name})


def realize_identity(cognito, parameters: dict[str, str], region: str = "us-east-1") -> dict[str, str]:
    """Create identity.yml's user pool, client and group through the Cognito API; the stack's outputs."""
    template = load("identity.yml")
    resolver = Resolver(template, parameters, region)
    resources = template["Resources"]

    pool_props = resolver.resolve(resources["UserPool"]["Properties"])
    pool = cognito.create_user_pool(PoolName=pool_props.pop("UserPoolName"), **pool_props)["UserPool"]
    resolver.physical["UserPool"] = pool["Id"]
    resolver.attributes[("UserPool", "Arn")] = pool["Arn"]

    client_props = resolver.resolve(resources["UserPoolClient"]["Properties"])
    app_client = cognito.create_user_pool_client(**client_props)["UserPoolClient"]
    resolver.physical["UserPoolClient"] = app_client["ClientId"]

    group_props = resolver.resolve(resources["StaffGroup"]["Properties"])
    cognito.create_group(**group_props)
    resolver.physical["StaffGroup"] = group_props["GroupName"]

    return {name: resolver.resolve(output["Value"]) for name, output in template["Outputs"].items()}


def realize_alarms(cloudwatch, template_name: str, parameters: dict, physical: dict, region: str = "us-east-1") -> list:
    """Create the template's CloudWatch alarms through PutMetricAlarm, which moto's CloudFormation skips:
    an alarm's Properties are the API's parameters (botocore validates every one). ``physical`` maps
    the logical ids the alarms refer to (the topic) to what the deployed stack created."""
    template = load(template_name)
    resolver = Resolver(template, parameters, region, physical=dict(physical))
    names = []
    for resource in resources_of_type(template, "AWS::CloudWatch::Alarm").values():
        properties = resolver.resolve(resource["Properties"])
        cloudwatch.put_metric_alarm(**properties)
        names.append(properties["AlarmName"])
    return names
