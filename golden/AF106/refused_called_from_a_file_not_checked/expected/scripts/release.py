from api import deploy

deploy("v1")
